/** Traditional Chinese: the public pages and sign-in so far (the rest falls back to English). Needs review. */
import type { DeepPartial } from "../messages";
import type { Messages } from "./en";

const zhHant: DeepPartial<Messages> = {
  site: {
    skipToContent: "跳至主要內容",
    mainMenu: "主選單",
    accountMenu: "您的帳戶",
    language: "語言",
    change: "變更",
    home: "首頁",
    footer: "由 Steward 提供技術支援：開源的會員與募款平台。",
    notFoundTitle: "找不到頁面",
    notFoundText: "我們找不到這個頁面，它可能已經移動。",
    backHome: "回到首頁",
    errorTitle: "發生錯誤",
    errorText: "無法載入頁面。請檢查網路連線後再試一次。",
    retry: "再試一次",
  },
  news: { readMore: "閱讀更多", publishedOn: "發佈於 {date}", noItems: "目前沒有消息。" },
  account: {
    signIn: "登入",
    signOut: "登出",
    signUp: "建立帳戶",
    portal: "會員專區",
    email: "電子郵件地址",
    password: "密碼",
    signInTitle: "登入",
  },
  form: {
    networkError: "無法連線到伺服器。請檢查網路連線後再試一次。",
    retry: "再試一次",
  },
};

export default zhHant;
