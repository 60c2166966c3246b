"""The reference for claimcheck's start-up: a bare Typer app with one command that prints its argument.

    python benchmarks/bare_typer.py "Mexico deported about 80,000 people in 2017"

Run with the same Python (and so the same Typer) as claimcheck; benchmarks/run.py compares the two.
"""

import typer

app = typer.Typer(add_completion=False)


@app.command()
def main(text: str) -> None:
    print(text)


if __name__ == "__main__":
    app()
