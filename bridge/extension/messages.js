// Turkish messages for every error code the page can receive. The host's codes carry their own
// message; these are used for the extension's codes and when a host message is missing.
// Keep in step with nes_core::bridge::ErrorCode::message.

export const MESSAGES = {
  NO_READER: "Bilgisayara bağlı kart okuyucu bulunamadı. Kart okuyucunuzu takıp tekrar deneyiniz.",
  NO_CARD: "Kart okuyucuda e-imza kartı bulunamadı. Kartınızı takıp tekrar deneyiniz.",
  NO_CERTIFICATE: "Takılı kartta imzalamaya uygun sertifika bulunamadı.",
  ALGORITHM_NOT_SUPPORTED: "Kartınızdaki anahtar bu imza algoritmasını desteklemiyor.",
  CARD_REMOVED: "İşlem sırasında kart çıkarıldı. Kartınızı takıp tekrar deneyiniz.",
  PIN_INCORRECT: "PIN hatalı.",
  PIN_LOCKED: "PIN kilitlendi. Kilidi PUK ile çözmeniz gerekir.",
  PIN_INVALID_FORMAT: "PIN biçimi geçersiz.",
  PUK_INCORRECT: "PUK hatalı.",
  PUK_LOCKED: "PUK kilitlendi. Kartınızın kilidi artık çözülemez; yeni kart için Kamu SM'ye (444 5 576) başvurunuz.",
  MODULE_NOT_FOUND: "Kartınızın sürücüsü (PKCS#11 modülü) bulunamadı. Kart sürücüsünü yükleyiniz.",
  ORIGIN_NOT_ALLOWED: "Bu site e-imza eklentisini kullanmaya yetkili değil.",
  BAD_REQUEST: "Geçersiz istek.",
  MESSAGE_TOO_LARGE: "İstek çok büyük.",
  UNKNOWN_COMMAND: "Bilinmeyen komut.",
  INTERNAL: "Beklenmeyen bir hata oluştu.",
  HOST_NOT_FOUND: "E-imza bileşeni (nes-bridge) kurulu değil. Kurmak için `nes-bridge install` çalıştırınız.",
  HOST_EXITED: "E-imza bileşeni (nes-bridge) beklenmedik şekilde kapandı. Tekrar deneyiniz.",
  HOST_FORBIDDEN: "E-imza bileşeni bu eklentiye izin vermiyor. `nes-bridge install` komutunu yeniden çalıştırınız.",
  USER_CANCELLED: "İşlem kullanıcı tarafından iptal edildi.",
  TIMEOUT: "İşlem süresi doldu.",
};

// Errors after which the signing or PIN window stays open so the user can fix things and retry.
export const RETRIABLE = new Set(["PIN_INCORRECT", "PUK_INCORRECT", "PIN_INVALID_FORMAT", "NO_CARD", "CARD_REMOVED", "NO_READER"]);

// Errors after which the window reads the cards again (one may have gone in or out).
export const CARD_CHANGED = new Set(["NO_CARD", "CARD_REMOVED", "NO_READER"]);

export function error(code, extra = {}) {
  return { code, message: MESSAGES[code] ?? MESSAGES.INTERNAL, ...extra };
}

// The sentence a window shows for an error, with what the token tells of the tries left.
export function describe(error) {
  const secret = error.code === "PUK_INCORRECT" ? "PUK'unuz" : "PIN'iniz";
  const tries = Number.isInteger(error.retries_left)
    ? ` Kalan deneme hakkı: ${error.retries_left}.`
    : error.pin_count_low
      ? ` Deneme hakkınız azaldı: birkaç yanlış denemeden sonra ${secret} kilitlenir.`
      : "";
  return (error.message ?? MESSAGES.INTERNAL) + tries;
}
