// Plays a smart card to pcscd's vpcd driver: vpcd listens on TCP (35963 for "Virtual PCD 00 00",
// 35964 for "… 00 01"), the card connects as a client. Frames both ways are a u16 big-endian length
// and a payload; a one-byte payload is a control (0x00 off, 0x01 on, 0x02 reset, 0x04 get ATR),
// longer ones are APDUs. Closing the socket removes the card.
import net from 'node:net';

/** AKİS v1.0 (bridge/src/cards/akis.rs), recognised by the bridge as `akis`. */
export const AKIS_ATR = '3BBA11008131FE4D55454B41452056312E30AE';
export const READER = 'Virtual PCD 00 00';

function connect(port) {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    socket.once('connect', () => resolve(socket));
    socket.once('error', reject);
  });
}

/** Inserts a card with `atrHex` into the reader on `port`; resolves to { remove() }. */
export async function insertCard({ port = 35963, atrHex = AKIS_ATR } = {}) {
  const atr = Buffer.from(atrHex, 'hex');
  let socket;
  // vpcd opens its port a moment after pcscd's socket answers.
  for (let attempt = 0; ; attempt++) {
    try {
      socket = await connect(port);
      break;
    } catch (error) {
      if (attempt >= 50) throw new Error(`vpcd does not accept a card on port ${port}: ${error.message}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  let pending = Buffer.alloc(0);
  const reply = (payload) => {
    const header = Buffer.alloc(2);
    header.writeUInt16BE(payload.length);
    socket.write(Buffer.concat([header, payload]));
  };
  socket.on('data', (chunk) => {
    pending = Buffer.concat([pending, chunk]);
    while (pending.length >= 2 && pending.length >= 2 + pending.readUInt16BE(0)) {
      const length = pending.readUInt16BE(0);
      const payload = pending.subarray(2, 2 + length);
      pending = pending.subarray(2 + length);
      if (length === 1) {
        if (payload[0] === 0x04) reply(atr);
      } else {
        reply(Buffer.from([0x6d, 0x00])); // INS not supported: the keys live on the SoftHSM token.
      }
    }
  });
  socket.on('error', () => {});
  const closed = new Promise((resolve) => socket.once('close', resolve));
  return { remove: async () => { socket.end(); await closed; } };
}
