/**
 * github-sim: a stateful GitHub REST API simulator for tests, on 127.0.0.1. Requests are
 * checked against GitHub's published route table; unknown routes and unimplemented ones
 * become `sim.violations`. This file is the public surface; import from here only.
 */
export { startGitHubSimulator, GitHubSimulator, type GitHubSimulatorOptions, type MaybeDelivery } from './simulator.js';
export type { PayloadBuilders } from './payload-builders.js';
export type { SeedRepoOptions, InstallationOptions } from './repo-seeding.js';
export type { CommitAuthor, FileEdits } from './git-writes.js';
export type { MergeOptions, PushOptions } from './person-actions.js';
export type { MergeMethod } from './pull-writes.js';
export type { FaultRule, HoldRule, RequestFilter, RequestHold, RequestRecord, Violation } from './request-log.js';
export type { WebhookDelivery } from './webhook-delivery.js';
export { signWebhookBody } from './webhook-delivery.js';
export { ZERO_SHA, type WebhookPayload } from './webhook-payloads.js';
export { EMPTY_TREE_SHA, hashGitObject } from './git-objects.js';
export type {
  Account,
  CollaboratorRole,
  Installation,
  Issue,
  IssueComment,
  Label,
  PullRequest,
  Repo,
  RepoLike,
  RepoRef,
  WorkflowRun,
} from './sim-state.js';
export { createSimOctokit, createSimProbot, settleStatus, TestProbotOctokit } from './sim-clients.js';
