String log = new File(basedir, 'build.log').text
assert log.contains('tricks: [roll over, play dead]')
assert log.contains('notification 1 com.example.dogs.Dog$Registered')
assert log.contains('notification 3 com.example.dogs.Dog$TrickAdded')
assert log.contains('aggregate index: com.example.dogs.Dog')
assert new File(basedir, 'target/dogs.db').isFile()
return true
