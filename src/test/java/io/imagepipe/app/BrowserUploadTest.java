package io.imagepipe.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.chromium.ChromiumNetworkConditions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The upload page in a real browser (Debian's chromium, driven by Selenium through chromium-driver)
 * against local mode: a generated photo and a text file named .jpg go through the page as a person
 * would send them, and the page must show what the manifests say, with no console error and no
 * blocked event loop.
 */
class BrowserUploadTest {
    private static final Path CHROMIUM = Path.of(System.getenv().getOrDefault("IMAGEPIPE_TEST_CHROMIUM", "/usr/bin/chromium"));
    private static final Path CHROMEDRIVER = Path.of(System.getenv().getOrDefault("IMAGEPIPE_TEST_CHROMEDRIVER", "/usr/bin/chromedriver"));
    private static final Path SCREENSHOTS = Path.of("target", "screenshots");
    private static final ObjectMapper JSON = new ObjectMapper();

    private static LocalService local;
    private static ChromeDriver driver;

    @BeforeAll
    static void start(@TempDir Path profile) {
        assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "no Chromium here: install Debian's chromium and chromium-driver (.ci/run does), or point"
                        + " IMAGEPIPE_TEST_CHROMIUM / IMAGEPIPE_TEST_CHROMEDRIVER at them");
        // One worker: leave the other core to the event loop and the browser on a small CI machine.
        local = new LocalService(Map.of("IMAGEPIPE_WORKERS", "1"));
        ChromeOptions options = new ChromeOptions();
        options.setBinary(loweredPriority(CHROMIUM, profile).toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage",
                "--user-data-dir=" + profile.resolve("user-data").toAbsolutePath(), "--window-size=1280,900", "--lang=en-US");
        options.setCapability("goog:loggingPrefs", Map.of(LogType.BROWSER, "ALL"));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        driver = new ChromeDriver(service, options);
    }

    /**
     * The browser's own CPU use (rendering, decoding images) must not starve the service's event loop on a
     * two-core machine, or the blocked-thread watch would time the browser rather than the service: it runs
     * niced, through a wrapper script, where {@code nice} exists.
     */
    private static Path loweredPriority(Path browser, Path dir) {
        Path nice = Path.of("/usr/bin/nice");
        if (!Files.isExecutable(nice)) {
            return browser;
        }
        try {
            Path wrapper = dir.resolve("chromium-niced");
            Files.writeString(wrapper, "#!/bin/sh\nexec " + nice + " -n 15 " + browser + " \"$@\"\n");
            wrapper.toFile().setExecutable(true);
            return wrapper;
        } catch (java.io.IOException e) {
            return browser;
        }
    }

    @AfterAll
    static void stop() {
        if (driver != null) {
            driver.quit();
        }
        if (local != null) {
            local.close(); // fails on any blocked-thread warning during the uploads
        }
    }

    @Test
    void photoAndFakeJpegGoThroughThePageAndEveryRenditionIsShown(@TempDir Path files) throws Exception {
        Path photo = files.resolve("harbour at dusk.jpg");
        Files.write(photo, TestImages.landscape(2400, 1600, 11));
        Path fake = files.resolve("notes.jpg");
        Files.writeString(fake, "Shopping list\n- bread\n- olives\n- a new camera\n".repeat(10), StandardCharsets.UTF_8);

        driver.get(pageUrl());
        WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(90));
        wait.until(d -> !text("#gallery-status").isEmpty() || !driver.findElements(By.cssSelector("#gallery li")).isEmpty());
        assertThat(driver.getTitle()).contains("imagepipe");

        // keyboard: Tab reaches the file chooser, whose label names it
        WebElement input = driver.findElement(By.id("file"));
        boolean reached = false;
        for (int i = 0; i < 5 && !reached; i++) {
            driver.switchTo().activeElement().sendKeys(Keys.TAB);
            reached = "file".equals(driver.switchTo().activeElement().getAttribute("id"));
        }
        assertThat(reached).as("Tab reaches the file chooser").isTrue();
        assertThat(js("return document.getElementById('file').labels[0].textContent.trim()")).isEqualTo("Choose images");

        input.sendKeys(photo.toAbsolutePath() + "\n" + fake.toAbsolutePath());
        wait.until(d -> cards().size() == 2 && cards().stream().allMatch(c ->
                List.of("ready", "rejected", "failed").contains(c.getAttribute("data-state"))));

        WebElement photoCard = card("harbour at dusk.jpg");
        WebElement fakeCard = card("notes.jpg");
        assertThat(photoCard.getAttribute("data-state")).as(photoCard.getText()).isEqualTo("ready");
        assertThat(fakeCard.getAttribute("data-state")).as(fakeCard.getText()).isEqualTo("rejected");

        // what the page shows is what the manifest says
        JsonNode manifest = manifest(photoCard.getAttribute("data-key"));
        assertThat(photoCard.findElement(By.cssSelector(".original .dims")).getText()).isEqualTo("2400 × 1600");
        List<WebElement> figures = photoCard.findElements(By.cssSelector("figure[data-rendition]"));
        assertThat(figures).hasSize(manifest.path("renditions").size()).hasSize(3);
        for (JsonNode r : manifest.path("renditions")) {
            WebElement figure = photoCard.findElement(By.cssSelector("figure[data-rendition='" + r.path("name").asText() + "']"));
            String dims = r.path("width").asInt() + " × " + r.path("height").asInt();
            assertThat(figure.findElement(By.cssSelector(".dims")).getText()).as(r.path("name").asText()).isEqualTo(dims);
            assertThat(figure.findElement(By.cssSelector(".share")).getText()).endsWith("% of the original");
            WebElement image = figure.findElement(By.tagName("img"));
            wait.until(d -> Boolean.TRUE.equals(js("return arguments[0].complete && arguments[0].naturalWidth > 0", image)));
            assertThat(((Number) js("return arguments[0].naturalWidth", image)).intValue()).isEqualTo(r.path("width").asInt());
            assertThat(((Number) js("return arguments[0].naturalHeight", image)).intValue()).isEqualTo(r.path("height").asInt());
            assertThat(image.getAttribute("alt")).contains(r.path("name").asText()).contains("harbour at dusk.jpg");
        }
        assertThat(photoCard.findElement(By.cssSelector(".badge")).getText()).startsWith("Ready in ");
        assertThat(photoCard.findElement(By.cssSelector(".timing")).getText()).startsWith("End to end ");

        String rejection = fakeCard.findElement(By.cssSelector(".message")).getText();
        assertThat(rejection).contains("This file is not an image imagepipe can read: its content is text")
                .contains("unsupported");
        assertThat(fakeCard.findElement(By.cssSelector(".no-preview")).getText()).contains("No preview");

        wait.until(d -> driver.findElements(By.cssSelector("#gallery li")).size() >= 2);
        assertThat(js("return [...document.querySelectorAll('img')].filter(i => !i.hasAttribute('alt')).length"))
                .as("images without alt text").isEqualTo(0L);

        Files.createDirectories(SCREENSHOTS);
        js("document.activeElement.blur()");
        screenshot(1280, "upload-page-desktop.png");
        screenshot(375, "upload-page-375.png");
        assertThat(js("return window.innerWidth")).isEqualTo(375L);
        assertThat(((Number) js("return document.documentElement.scrollWidth")).intValue())
                .as("nothing wider than a 375 px phone screen").isLessThanOrEqualTo(375);

        assertThat(consoleErrors()).as("browser console errors").isEmpty();
    }

    @Test
    void networkFailureOffersARetryThatFinishesTheUpload(@TempDir Path files) throws Exception {
        Path photo = files.resolve("offline.jpg");
        Files.write(photo, TestImages.landscape(900, 600, 5));
        driver.manage().window().setSize(new Dimension(1280, 900));
        driver.get(pageUrl());
        WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(90));
        wait.until(d -> !text("#gallery-status").isEmpty() || !driver.findElements(By.cssSelector("#gallery li")).isEmpty());
        consoleErrors(); // what came before is the other test's

        driver.setNetworkConditions(new ChromiumNetworkConditions().setOffline(true));
        try {
            driver.findElement(By.id("file")).sendKeys(photo.toAbsolutePath().toString());
            wait.until(d -> "failed".equals(card("offline.jpg").getAttribute("data-state")));
        } finally {
            driver.deleteNetworkConditions();
        }
        WebElement failed = card("offline.jpg");
        assertThat(failed.findElement(By.cssSelector(".message")).getText()).contains("could not be reached");
        WebElement retry = failed.findElement(By.cssSelector("button.retry"));
        assertThat(retry.isDisplayed()).isTrue();
        retry.sendKeys(Keys.ENTER); // by keyboard

        wait.until(d -> "ready".equals(card("offline.jpg").getAttribute("data-state")));
        assertThat(card("offline.jpg").findElements(By.cssSelector("figure[data-rendition]"))).hasSize(3);
        assertThat(consoleErrors()).as("console errors besides the offline requests")
                .allMatch(e -> e.contains("ERR_INTERNET_DISCONNECTED"));
    }

    /** Resizes to {@code width} and the page's full height, then saves a screenshot under target/screenshots. */
    private static void screenshot(int width, String name) throws Exception {
        driver.manage().window().setSize(new Dimension(width, 900));
        int chrome = 900 - ((Number) js("return window.innerHeight")).intValue();
        int innerWidth = ((Number) js("return window.innerWidth")).intValue();
        int height = ((Number) js("return document.documentElement.scrollHeight")).intValue();
        driver.manage().window().setSize(new Dimension(width + (width - innerWidth), Math.min(height + chrome, 6000)));
        Thread.sleep(300); // let the layout settle
        File shot = driver.getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), SCREENSHOTS.resolve(name), StandardCopyOption.REPLACE_EXISTING);
    }

    private static List<String> consoleErrors() {
        List<String> errors = new ArrayList<>();
        for (LogEntry entry : driver.manage().logs().get(LogType.BROWSER)) {
            if (entry.getLevel().intValue() >= Level.WARNING.intValue()) {
                errors.add(entry.getLevel() + " " + entry.getMessage());
            }
        }
        return errors;
    }

    private static List<WebElement> cards() {
        return driver.findElements(By.cssSelector("#uploads > li"));
    }

    private static WebElement card(String name) {
        return cards().stream().filter(c -> c.findElement(By.cssSelector(".name")).getText().equals(name))
                .findFirst().orElseThrow(() -> new AssertionError("no card for " + name));
    }

    private static String text(String selector) {
        return Stream.of(driver.findElement(By.cssSelector(selector)).getText()).findFirst().orElse("");
    }

    private static Object js(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    private static JsonNode manifest(String key) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(pageUrl() + "api/images/" + key)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    private static String pageUrl() {
        return "http://127.0.0.1:" + local.mode.service().httpPort() + "/";
    }
}
