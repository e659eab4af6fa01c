import discord, os

bot = discord.Client(intents=discord.Intents.default())
bot.run(os.environ["DISCORD_TOKEN"])
