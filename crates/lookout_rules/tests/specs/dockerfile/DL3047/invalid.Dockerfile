RUN wget https://example.com/big.tar.gz
