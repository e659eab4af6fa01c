// rotated 2024-05: old key kept for verifying existing sessions
const oldKey = 'k3Yr0tat10n2023';
const newKey = 'lruN542YSzYszEUfIexPvDe5';
const keyName = 'session-signing';
const publicKeyPath = './keys/session.pub';
module.exports = { oldKey, newKey, keyName, publicKeyPath };
