package dev.nomaddeployer.nomad;

/** Nomad's answer to a job register: the evaluation it created and the job's new modify index. */
public record RegisterResult(String evalId, long jobModifyIndex, String warnings) {}
