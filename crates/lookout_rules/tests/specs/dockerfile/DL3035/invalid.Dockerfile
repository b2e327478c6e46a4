RUN zypper dist-upgrade -y
