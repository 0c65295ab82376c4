package dev.nomaddeployer.registryapi;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Every answer class a reader reported, in order. */
final class CountingObserver implements RegistryObserver {
    final List<RegistryAnswer> answers = new CopyOnWriteArrayList<>();

    @Override
    public void requestEnded(String registry, RegistryAnswer answer) {
        answers.add(answer);
    }

    long count(RegistryAnswer answer) {
        return answers.stream().filter(answer::equals).count();
    }
}
