MAINTAINER Jane Doe <jane@example.com>
