/** Thai: the public pages and sign-in so far (the rest falls back to English). Needs a native speaker's review. */
import type { DeepPartial } from "../messages";
import type { Messages } from "./en";

const th: DeepPartial<Messages> = {
  site: {
    skipToContent: "ข้ามไปยังเนื้อหาหลัก",
    mainMenu: "เมนูหลัก",
    accountMenu: "บัญชีของคุณ",
    language: "ภาษา",
    change: "เปลี่ยน",
    home: "หน้าแรก",
    footer: "ขับเคลื่อนโดย Steward แพลตฟอร์มโอเพนซอร์สสำหรับสมาชิกและการระดมทุน",
    notFoundTitle: "ไม่พบหน้านี้",
    notFoundText: "เราไม่พบหน้าที่คุณต้องการ หน้านี้อาจถูกย้ายไปแล้ว",
    backHome: "กลับไปหน้าแรก",
    errorTitle: "เกิดข้อผิดพลาด",
    errorText: "ไม่สามารถโหลดหน้านี้ได้ โปรดตรวจสอบการเชื่อมต่อแล้วลองอีกครั้ง",
    retry: "ลองอีกครั้ง",
  },
  news: { readMore: "อ่านต่อ", publishedOn: "เผยแพร่เมื่อ {date}", noItems: "ยังไม่มีข่าว" },
  account: {
    signIn: "เข้าสู่ระบบ",
    signOut: "ออกจากระบบ",
    signUp: "สร้างบัญชี",
    portal: "พอร์ทัลสมาชิก",
    email: "อีเมล",
    password: "รหัสผ่าน",
    signInTitle: "เข้าสู่ระบบ",
  },
  form: {
    networkError: "ไม่สามารถเชื่อมต่อกับเซิร์ฟเวอร์ได้ โปรดตรวจสอบการเชื่อมต่อแล้วลองอีกครั้ง",
    retry: "ลองอีกครั้ง",
  },
};

export default th;
