RUN ln -sfv /bin/bash /bin/sh
