/** Mongolian (Cyrillic): the public pages and sign-in so far (the rest falls back to English). Needs review. */
import type { DeepPartial } from "../messages";
import type { Messages } from "./en";

const mn: DeepPartial<Messages> = {
  site: {
    skipToContent: "Үндсэн агуулга руу шилжих",
    mainMenu: "Үндсэн цэс",
    accountMenu: "Таны бүртгэл",
    language: "Хэл",
    change: "Солих",
    home: "Нүүр хуудас",
    footer: "Гишүүнчлэл болон хандив цуглуулах нээлттэй эхийн Steward платформ дээр ажиллаж байна.",
    notFoundTitle: "Хуудас олдсонгүй",
    notFoundText: "Тэр хуудсыг олж чадсангүй. Өөр газар шилжсэн байж магадгүй.",
    backHome: "Нүүр хуудас руу буцах",
    errorTitle: "Алдаа гарлаа",
    errorText: "Хуудсыг ачаалж чадсангүй. Холболтоо шалгаад дахин оролдоно уу.",
    retry: "Дахин оролдох",
  },
  news: { readMore: "Цааш унших", publishedOn: "{date}-нд нийтэлсэн", noItems: "Мэдээ алга байна." },
  account: {
    signIn: "Нэвтрэх",
    signOut: "Гарах",
    signUp: "Бүртгэл үүсгэх",
    portal: "Гишүүдийн портал",
    email: "Имэйл хаяг",
    password: "Нууц үг",
    signInTitle: "Нэвтрэх",
  },
  form: {
    networkError: "Сервертэй холбогдож чадсангүй. Холболтоо шалгаад дахин оролдоно уу.",
    retry: "Дахин оролдох",
  },
};

export default mn;
