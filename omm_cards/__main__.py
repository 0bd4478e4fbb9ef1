from omm_cards.cli.app import main

if __name__ == "__main__":
    main()
