const { Client, GatewayIntentBits } = require('discord.js');

// bot for the #orders channel
const DISCORD_TOKEN = 'MTn8D6m5Ol6f0IDmrrhVbFusjg.-DHlhe.wrFKayTpO_Ak3LBPmEuu3b9W-q_0Lmua9WRNfz';
const ORDERS_WEBHOOK = 'https://discord.com/api/webhooks/254523961550988651/GVYEroNPHCWVreRPwg18EpyQ6aQ_BERgfLLY6eK2x83At4IxUJhbPjMnNolPEzAypJpi';
const CHANNEL_ID = '690339115914224701';

const client = new Client({ intents: [GatewayIntentBits.Guilds] });
client.once('ready', () => console.log(`logged in as ${client.user.tag}`));
client.login(process.env.DISCORD_TOKEN || DISCORD_TOKEN);

module.exports = { ORDERS_WEBHOOK, CHANNEL_ID };
