package dev.nomaddeployer;

public final class Main {
    public static void main(String[] args) {
        System.err.println("nomad-deployer: not built yet");
    }
}
