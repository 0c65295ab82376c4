package dev.nomaddeployer.discovery;

/** Where in a Nomad job a meta key is written. */
public enum MetaLevel { JOB, GROUP, TASK }
