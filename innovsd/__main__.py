"""`python -m innovsd …` is the `innovsd` command."""

from innovsd.cli.app import main

if __name__ == "__main__":
    main()
