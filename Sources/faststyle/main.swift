import FaststyleCLI

FastStyle.main()
