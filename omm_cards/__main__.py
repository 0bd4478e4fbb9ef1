from omm_cards.cli.app import main

main()
