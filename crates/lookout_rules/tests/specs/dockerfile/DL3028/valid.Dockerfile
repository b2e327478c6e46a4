RUN gem install bundler:2.5.22
