RUN wget --progress=dot:giga https://example.com/big.tar.gz
