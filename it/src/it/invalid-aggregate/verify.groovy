String log = new File(basedir, 'build.log').text
assert log.contains('com.example.cats.Cat has no no-arg constructor')
assert log.contains('declares the event record')
assert log.contains('Purred')
return true
