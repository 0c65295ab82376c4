package dev.nomaddeployer.testbed.nomad;

public final class NomadSimMain {
    public static void main(String[] args) {
        System.err.println("nomad-sim: not built yet");
    }
}
