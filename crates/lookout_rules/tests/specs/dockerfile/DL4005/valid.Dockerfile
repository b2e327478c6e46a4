SHELL ["/bin/bash", "-c"]
