import { describe, expect, it } from 'vitest';
import { governedLines, lifecycleOf } from '../../../src/lifecycle/index.js';
import { day, pinnedCatalog, reference } from './pinned.js';

const catalog = pinnedCatalog();
const now = day('2026-08-22');

/** `part:product cycle` for each line a reference's tag names. */
function linesOf(text: string): string[] {
  return governedLines({ catalog, ...reference(text), now }).map(({ part, product, line }) => `${part}:${product.id} ${line.cycle}`);
}

describe('lifecycle/governed-lines', () => {
  it.each([
    ['python:3.11-slim', ['version:python 3.11']],
    ['python:3.12-slim-bookworm', ['version:python 3.12', 'os:debian 12']],
    ['python:3.12.4-slim-bookworm', ['version:python 3.12', 'os:debian 12']],
    ['node:20-alpine', ['version:node 20']],
    ['node:lts-bookworm', ['os:debian 12']],
    ['eclipse-temurin:17.0.9_9-jre-jammy', ['version:java 17', 'os:ubuntu 22.04']],
    ['eclipse-temurin:8u402-b06-jre-jammy', ['version:java 8', 'os:ubuntu 22.04']],
    ['amazoncorretto:17-al2023', ['version:java 17']],
    ['openjdk:17-jdk-slim', ['version:java 17']],
    ['golang:1.22-alpine3.19', ['version:go 1.22', 'os:alpine 3.19']],
    ['ubuntu:22.04', ['version:ubuntu 22.04']],
    ['ubuntu:jammy-20240111', ['os:ubuntu 22.04']],
    ['ubuntu:noble', ['os:ubuntu 24.04']],
    ['debian:bullseye-slim', ['os:debian 11']],
    ['debian:11', ['version:debian 11']],
    ['debian:11.9-slim', ['version:debian 11']],
    ['debian:bookworm-20240110-slim', ['os:debian 12']],
    ['alpine:3.19.1', ['version:alpine 3.19']],
    ['postgres:15.5', ['version:postgresql 15']],
    ['postgres:9.6.24-alpine3.15', ['version:postgresql 9.6', 'os:alpine 3.15']],
    ['redis:7.2-alpine', ['version:redis 7.2']],
    ['nginx:1.25', ['version:nginx 1.25']],
    ['ruby:3.2-slim-bookworm', ['version:ruby 3.2', 'os:debian 12']],
    ['php:8.2-fpm-alpine3.19', ['version:php 8.2', 'os:alpine 3.19']],
    ['rust:1.77-slim-bookworm', ['version:rust 1.77', 'os:debian 12']],
    ['mysql:8.0', ['version:mysql 8.0']],
    ['mariadb:10.11', ['version:mariadb 10.11']],
    ['spark:3.5.1-scala2.12-java17-python3-ubuntu', ['variant:java 17']],
    ['maven:3.9.6-eclipse-temurin-17-alpine', ['variant:java 17']],
    ['gradle:8.5-jdk21-jammy', ['os:ubuntu 22.04', 'variant:java 21']],
    ['bitnami/postgresql:15.5.0-debian-12-r7', ['version:postgresql 15', 'os:debian 12']],
    ['mcr.microsoft.com/devcontainers/base:1-ubuntu-22.04', ['os:ubuntu 22.04']],
  ])('%s names %j', (text, expected) => {
    expect(linesOf(text)).toEqual(expected);
  });

  it.each([
    ['busybox:1.37.0'],
    ['node:lts'],
    ['ubuntu:rolling'],
    ['python:3.99-slim'],
    ['ghcr.io/acme/python:3.11'],
    ['node:chakracore-10.13'],
    ['alpine:edge'],
  ])('%s names no line, so lifecycleOf gives undefined', (text) => {
    expect(linesOf(text)).toEqual([]);
    expect(lifecycleOf({ catalog, ...reference(text), now })).toBeUndefined();
  });

  it('follows the newest released line for a tag with fewer numbers (redis:7 is 7.4, mysql:8 is 8.4)', () => {
    const redis = governedLines({ catalog, ...reference('redis:7-alpine'), now });
    const mysql = governedLines({ catalog, ...reference('mysql:8'), now });

    expect(redis.map(({ line, floating }) => [line.cycle, floating])).toEqual([['7.4', true]]);
    expect(mysql.map(({ line, floating }) => [line.cycle, floating])).toEqual([['8.4', true]]);
  });

  it('does not follow a line before its release date (go 1.27 was released on 2026-08-19)', () => {
    const before = governedLines({ catalog, ...reference('golang:1'), now: day('2026-08-18') });
    const after = governedLines({ catalog, ...reference('golang:1'), now: day('2026-08-19') });

    expect(before.map(({ line }) => line.cycle)).toEqual(['1.26']);
    expect(after.map(({ line }) => line.cycle)).toEqual(['1.27']);
  });
});
