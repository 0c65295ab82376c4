package dev.nomaddeployer.demo;

/** An image the demo pushes: {@code seed} makes its content, so another seed under the same tag is a new digest. */
record DemoImage(String repository, String tag, String seed) {
    String reference() {
        return repository + ":" + tag;
    }
}
