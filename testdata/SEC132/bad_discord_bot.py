import discord

bot = discord.Client(intents=discord.Intents.default())
bot.run("MTDKRYfmt07ELSZgnu18FMTaho.DINSXc.DKRYfmt07CJQXelsz6BIPWdkry5AHOVcjqx4-G")  # expect: SEC132
