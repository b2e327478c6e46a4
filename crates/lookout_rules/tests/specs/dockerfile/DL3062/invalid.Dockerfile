RUN go install golang.org/x/tools/gopls@latest
