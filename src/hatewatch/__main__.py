from hatewatch.cli import main

main()
