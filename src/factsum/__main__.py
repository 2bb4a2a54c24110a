from factsum.cli import main

main()
