ENV BASE=/opt APP=$BASE/app
