package io.eventsourcing.samples.rest;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * The page at {@code /} in a real browser (headless Chromium, driven by Selenium), and the live log it reads
 * ({@code GET /log/stream}, Server-Sent Events) without one: what every sample that serves {@link DogResource} must
 * show. A sample's test implements this interface besides extending {@link DogSchoolApiContract}, whose
 * {@code base()} it makes public; these tests run at {@code @Order(60)} to {@code 62}, after the scenario and the
 * errors. Chromium and its driver are Debian's ({@value #CHROMIUM}, {@value #CHROMEDRIVER}): without them the page
 * test fails, saying what to install. It keeps a screenshot in {@value #SCREENSHOT}.
 */
public interface DogSchoolPageContract {

    String CHROMIUM = "/usr/bin/chromium";
    String CHROMEDRIVER = "/usr/bin/chromedriver";
    /** Where the page test keeps its screenshot, in the sample's directory. */
    String SCREENSHOT = "target/screenshots/dog-school-page.png";
    /** How long anything may take to show: a liveness bound, it takes milliseconds. */
    Duration WITHIN = Duration.ofSeconds(10);
    /** How many clients {@link #manyClientsConnectingAtOnceEachGetTheLogFromTheirStart} connects, how many at once. */
    int CLIENTS = 1_000;
    int CONCURRENT_CLIENTS = 16;
    /** Held, so that the level set on it stays. */
    Logger CDP_VERSION_FINDER = Logger.getLogger("org.openqa.selenium.devtools.CdpVersionFinder");

    /** @return the address the application answers on, such as {@code http://127.0.0.1:8080} */
    URI base();

    /**
     * Registers a dog with a click: it shows in the list and its event in the live log, without a reload; teaches it
     * two tricks, and moves the version slider back through its history.
     */
    @Test
    @Order(60)
    default void thePageRegistersADogWhoseEventShowsInTheLiveLogAndShowsItAtEachVersion() throws Exception {
        WebDriver browser = chromium();
        try {
            browser.get(base().resolve("/").toString());
            WebDriverWait wait = new WebDriverWait(browser, WITHIN);
            wait.until(b -> b.findElement(By.id("stream-state")).getText().equals("live"));
            ((JavascriptExecutor) browser).executeScript("window.notReloaded = true");

            browser.findElement(By.id("name")).sendKeys("Biscuit");
            browser.findElement(By.id("register")).click();
            WebElement picked = wait.until(b -> b.findElement(By.cssSelector("#dogs li.selected")));
            assertThat(picked.getText()).startsWith("Biscuit").endsWith("0 tricks");
            String id = picked.getDomAttribute("data-id");
            wait.until(b -> !b.findElements(By.cssSelector("#log li[data-originator='" + id + "']")).isEmpty());
            assertThat(browser.findElement(By.cssSelector("#log li[data-originator='" + id + "']")).getText())
                    .contains("Dog Registered").contains(id.substring(0, 8) + " v1");

            for (String trick : List.of("sit", "roll over")) {
                browser.findElement(By.id("trick")).sendKeys(trick);
                browser.findElement(By.id("teach")).click();
                wait.until(b -> b.findElement(By.id("tricks")).getText().contains(trick));
            }
            wait.until(b -> b.findElements(By.cssSelector("#log li[data-originator='" + id + "']")).size() == 3);
            assertThat(browser.findElement(By.id("version-label")).getText()).isEqualTo("Version 3 of 3 (now)");
            assertThat(browser.findElement(By.cssSelector("#dogs li.selected")).getText()).endsWith("2 tricks");

            WebElement slider = browser.findElement(By.id("version"));
            slider.sendKeys(Keys.ARROW_LEFT);
            wait.until(b -> b.findElement(By.id("version-label")).getText().startsWith("Version 2 of 3"));
            wait.until(b -> b.findElement(By.id("tricks")).getText().equals("sit"));
            slider.sendKeys(Keys.ARROW_LEFT);
            wait.until(b -> b.findElement(By.id("tricks")).getText().equals("no tricks yet"));
            slider.sendKeys(Keys.ARROW_RIGHT);
            wait.until(b -> b.findElement(By.id("tricks")).getText().equals("sit"));

            assertThat(((JavascriptExecutor) browser).executeScript("return window.notReloaded")).isEqualTo(true);
            assertThat(browser.findElement(By.id("error")).getText()).isEmpty();
            Path screenshot = Path.of(SCREENSHOT);
            Files.createDirectories(screenshot.getParent());
            Files.write(screenshot, ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
            System.out.println("The page's screenshot: " + screenshot.toAbsolutePath());
        } finally {
            browser.quit();
        }
    }

    /**
     * {@code GET /log/stream}: from a given id on, in order, then what is saved while the client stays; from after
     * the {@code Last-Event-ID} a reconnecting client sends; a start below 1 or an id that is not a number is 400.
     */
    @Test
    @Order(61)
    default void theLiveLogStreamsNotificationsFromAnIdOnAndThoseSavedWhileConnected() throws Exception {
        // HTTP/1.1, as a browser speaks it without TLS: Java's client would otherwise ask to upgrade to HTTP/2 (h2c),
        // which WildFly accepts, and then not flush a stream's events.
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        String dog = json(http.send(jsonPost("/dogs", "{\"name\":\"Streamy\"}"),
                HttpResponse.BodyHandlers.ofString()).body()).getString("id");
        long registered;
        try (Events all = Events.open(http, base().resolve("/log/stream"), null)) {
            JsonObject event = all.next();
            while (!event.getString("originatorId").equals(dog)) {
                event = all.next();
            }
            registered = event.getJsonNumber("id").longValue();
        }

        try (Events from = Events.open(http, base().resolve("/log/stream?start=" + registered), null)) {
            JsonObject first = from.next();
            assertThat(first.getJsonNumber("id").longValue()).isEqualTo(registered);
            assertThat(first.getString("topic")).isEqualTo(Dog.Registered.class.getName());
            HttpResponse<String> taught = http.send(jsonPost("/dogs/" + dog + "/tricks", "{\"trick\":\"stream\"}"),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(taught.statusCode()).as(taught.body()).isEqualTo(204);
            long previous = registered;
            JsonObject event = from.next();
            while (!event.getString("originatorId").equals(dog)) {
                assertThat(event.getJsonNumber("id").longValue()).isGreaterThan(previous);
                previous = event.getJsonNumber("id").longValue();
                event = from.next();
            }
            assertThat(event.getJsonNumber("id").longValue()).isGreaterThan(previous);
            assertThat(event.getInt("originatorVersion")).isEqualTo(2);
            assertThat(event.getString("topic")).isEqualTo(Dog.TrickAdded.class.getName());
        }

        try (Events after = Events.open(http, base().resolve("/log/stream?start=1"), Long.toString(registered))) {
            assertThat(after.next().getJsonNumber("id").longValue()).isEqualTo(registered + 1);
        }

        DogSchoolApiContract.assertProblem(http.send(HttpRequest.newBuilder(base().resolve("/log/stream?start=0"))
                        .header("Accept", "text/event-stream").GET().build(), HttpResponse.BodyHandlers.ofString()),
                400, "start");
        DogSchoolApiContract.assertProblem(http.send(HttpRequest.newBuilder(base().resolve("/log/stream"))
                        .header("Accept", "text/event-stream").header("Last-Event-ID", "yesterday").GET().build(),
                HttpResponse.BodyHandlers.ofString()), 400, "Last-Event-ID");
    }

    /**
     * Many clients connecting at once each get the log from their start on. Quarkus REST writes a stream's response
     * head itself once the resource method returns: when the live log's first write came from the client's own
     * thread, the two writes raced, and about one stream in 800 failed ("Response head already sent") or ended
     * without an event.
     */
    @Test
    @Order(62)
    default void manyClientsConnectingAtOnceEachGetTheLogFromTheirStart() throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        URI stream = base().resolve("/log/stream?start=2");
        ExecutorService clients = Executors.newFixedThreadPool(CONCURRENT_CLIENTS);
        try {
            List<Future<Long>> firsts = new ArrayList<>();
            for (int i = 0; i < CLIENTS; i++) {
                firsts.add(clients.submit(() -> {
                    try (Events events = Events.open(http, stream, null)) {
                        return events.next().getJsonNumber("id").longValue();
                    }
                }));
            }
            for (Future<Long> first : firsts) {
                assertThat(first.get()).isEqualTo(2);
            }
        } finally {
            clients.shutdownNow();
        }
    }

    private HttpRequest jsonPost(String path, String json) {
        return HttpRequest.newBuilder(base().resolve(path)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build();
    }

    private static JsonObject json(String body) {
        return Json.createReader(new StringReader(body)).readObject();
    }

    /**
     * @return headless Debian Chromium through its driver, both at their paths: Selenium Manager, which would look for
     *         (and download) them, is not used
     */
    private static WebDriver chromium() {
        if (!Files.isExecutable(Path.of(CHROMIUM)) || !Files.isExecutable(Path.of(CHROMEDRIVER))) {
            fail("The page is tested in headless Chromium: install Debian's chromium and chromium-driver"
                    + " (apt-get install chromium chromium-driver), which put " + CHROMIUM + " and " + CHROMEDRIVER
                    + " in place");
        }
        // Selenium's DevTools bindings, unused here, trail Debian's Chromium: it would warn that none matches.
        CDP_VERSION_FINDER.setLevel(Level.SEVERE);
        ChromeDriverService driver = new ChromeDriverService.Builder()
                .usingDriverExecutable(Path.of(CHROMEDRIVER).toFile())
                .usingAnyFreePort()
                .build();
        ChromeOptions options = new ChromeOptions()
                .setBinary(CHROMIUM)
                .addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1400,900");
        return new ChromeDriver(driver, options);
    }

    /** The events of a {@code GET /log/stream}, read as they come; closing it closes the connection. */
    final class Events implements AutoCloseable {

        /** An event: its id, and its data as JSON. */
        private record Event(String id, JsonObject data) {
        }

        private final InputStream body;
        private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
        /** The comments received, for a failure's message. */
        private final List<String> comments = new CopyOnWriteArrayList<>();
        private volatile RuntimeException unreadable;
        private volatile String ended;

        private Events(InputStream body) {
            this.body = body;
            Thread reader = new Thread(this::read, "log-stream-reader");
            reader.setDaemon(true);
            reader.start();
        }

        /** Connects, with the {@code Last-Event-ID} header if {@code lastEventId} is not {@code null}. */
        static Events open(HttpClient http, URI stream, String lastEventId) throws IOException, InterruptedException {
            HttpRequest.Builder get = HttpRequest.newBuilder(stream).header("Accept", "text/event-stream").GET();
            if (lastEventId != null) {
                get.header("Last-Event-ID", lastEventId);
            }
            HttpResponse<InputStream> response = http.send(get.build(), HttpResponse.BodyHandlers.ofInputStream());
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                    type -> assertThat(type).startsWith("text/event-stream"));
            return new Events(response.body());
        }

        /** Reads the events (lines {@code id:} and {@code data:}, then a blank line), skipping comments. */
        private void read() {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
                String id = null;
                StringBuilder data = new StringBuilder();
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    if (line.startsWith(":")) {
                        comments.add(line.substring(1).strip());
                    } else if (line.startsWith("id:")) {
                        id = line.substring(3).strip();
                    } else if (line.startsWith("data:")) {
                        data.append(line.substring(5).strip());
                    } else if (line.isEmpty() && !data.isEmpty()) {
                        events.add(new Event(id, json(data.toString())));
                        id = null;
                        data.setLength(0);
                    }
                }
                ended = "the server ended the stream";
            } catch (IOException closed) {
                ended = "the stream was closed: " + closed;     // by the test, or the server
            } catch (RuntimeException e) {
                unreadable = e;
            }
        }

        /** @return the next event's data, waiting for it; its id must be the notification's */
        JsonObject next() throws InterruptedException {
            Event event = events.poll(WITHIN.toSeconds(), TimeUnit.SECONDS);
            if (event == null) {
                fail("No event from the live log within " + WITHIN + (unreadable != null ? ": " + unreadable
                        : "; " + (ended == null ? "the stream is open" : ended) + ", comments received: " + comments));
            }
            assertThat(event.id()).as("the event's id").isEqualTo(event.data().getJsonNumber("id").toString());
            return event.data();
        }

        @Override
        public void close() throws IOException {
            body.close();
        }
    }
}
