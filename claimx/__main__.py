from claimx.cli import cli

cli()
