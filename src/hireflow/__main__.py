from hireflow.cli import main

main()
