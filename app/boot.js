// Loads the wasm app. Kept as a file (no inline script) for the strict Content-Security-Policy.
import init from '/pkg/nes_app.js';

init().catch((error) => {
  // The page has no app without the wasm; say so in Turkish rather than stay blank.
  console.error(error);
  const message = document.createElement('p');
  message.className = 'boot-error';
  message.setAttribute('role', 'alert');
  message.textContent = 'Uygulama yüklenemedi. Sayfayı yenileyiniz; sorun sürerse tarayıcınızı güncelleyiniz.';
  document.body.append(message);
});
