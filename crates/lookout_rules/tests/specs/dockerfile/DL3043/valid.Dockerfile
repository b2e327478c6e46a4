ONBUILD RUN echo hello
