all: build

build:
	cc -o app main.c
