import { describe, expect, it } from 'vitest';
import { extractHelmValuesRefs, extractKubernetesRefs } from '../../../src/manifests/index.js';
import type { ImageRef } from '../../../src/refs/index.js';

/** `line source raw` of each reference, and its problem or lock when it has one. */
function brief(refs: ImageRef[]): string[] {
  return refs.map((ref) => `${ref.line} ${ref.source} ${ref.raw}${ref.problem === undefined ? '' : ` ! ${ref.problem.kind}`}`);
}

describe('manifests/kubernetes', () => {
  it('reads containers, init and ephemeral containers in any Pod template, List items included', () => {
    const text = [
      'apiVersion: v1',
      'kind: List',
      'items:',
      '- apiVersion: batch/v1',
      '  kind: CronJob',
      '  spec:',
      '    jobTemplate:',
      '      spec:',
      '        template:',
      '          spec:',
      '            containers: [{name: a, image: "busybox:1.36"}]',
      '- apiVersion: v1',
      '  kind: Pod',
      '  spec:',
      '    ephemeralContainers:',
      '    - name: debug',
      '      image: nicolaka/netshoot:v0.13',
      '    initContainers:',
      '    - {name: i, image: alpine}',
      '---',
      'apiVersion: example.com/v1',
      'kind: Widget',
      'spec:',
      '  template:',
      '    spec:',
      '      containers:',
      '      - name: w',
      '        image: ghcr.io/acme/widget:2.0',
    ].join('\n');

    const refs = extractKubernetesRefs('all.yaml', text);

    expect(brief(refs)).toEqual([
      '11 container busybox:1.36',
      '17 ephemeral-container nicolaka/netshoot:v0.13',
      '19 init-container alpine',
      '28 container ghcr.io/acme/widget:2.0',
    ]);
    expect(refs.map((ref) => ref.path)).toEqual([
      'items[0].spec.jobTemplate.spec.template.spec.containers[name=a].image',
      'items[1].spec.ephemeralContainers[name=debug].image',
      'items[1].spec.initContainers[name=i].image',
      'spec.template.spec.containers[name=w].image',
    ]);
  });

  it('reads Spark applications: image, driver, executor and sidecars, under spec.template when scheduled', () => {
    const text = [
      'apiVersion: sparkoperator.k8s.io/v1beta2',
      'kind: ScheduledSparkApplication',
      'spec:',
      '  template:',
      '    image: spark:3.5.1-scala2.12-java17-python3-ubuntu',
      '    driver:',
      '      image: spark:3.5.1-driver',
      '      sidecars:',
      '      - name: log',
      '        image: fluent/fluent-bit:3.0',
      '    executor:',
      "      image: 'spark:3.5.1-executor'",
    ].join('\n');

    expect(brief(extractKubernetesRefs('spark.yaml', text))).toEqual([
      '5 spark-image spark:3.5.1-scala2.12-java17-python3-ubuntu',
      '7 spark-driver spark:3.5.1-driver',
      '12 spark-executor spark:3.5.1-executor',
      '10 sidecar fluent/fluent-bit:3.0',
    ]);
  });

  it('reports template and variable images as unresolvable, naming the expression', () => {
    const text = 'apiVersion: v1\nkind: Pod\nspec:\n  containers:\n  - image: "{{ .Values.image }}"\n  - image: registry/app:${TAG}\n';

    const refs = extractKubernetesRefs('pod.yaml', text);

    expect(refs.map((ref) => ref.problem?.reason)).toEqual([
      '{{ .Values.image }} is a template expression: the image is only known once the chart or manifest is rendered',
      '${TAG} is a variable substituted at deploy time (envsubst, Flux, kustomize)',
    ]);
  });

  it('ignores YAML that is not a Kubernetes object, even when broken, but reports a broken object', () => {
    const notObjects = 'name: x\nimage: python:3.11\n---\nkey: [unclosed\n';
    const brokenObject = 'apiVersion: v1\nkind: Pod\nspec:\n  containers:\n  - image: "python:3.11\n';

    expect(extractKubernetesRefs('config.yaml', notObjects)).toEqual([]);
    // The missing quote is found at the end of the input.
    expect(brief(extractKubernetesRefs('pod.yaml', brokenObject))).toEqual(['6 container  ! invalid']);
  });

  it('gives one shared slot to every container that uses an anchored image', () => {
    const text = 'apiVersion: v1\nkind: Pod\nspec:\n  containers:\n  - image: &img python:3.11-slim\n  - image: *img\n';

    const [first, second] = extractKubernetesRefs('pod.yaml', text);

    expect(first?.anchor).toBe('img');
    expect(second?.anchor).toBe('img');
    expect(second?.instructionLine).toBe(6);
    expect(second?.tagSlot).toEqual(first?.tagSlot);
  });
});

describe('manifests/helm', () => {
  const chart = { path: 'chart/Chart.yaml', text: 'apiVersion: v2\nname: x\nversion: 1.0.0\nappVersion: "4.2.0"\n' };

  it('reads image strings, *Image keys with a tag, and image maps with their slots', () => {
    const text = [
      'image:',
      '  registry: ghcr.io',
      '  repository: acme/app',
      '  tag: "1.2.3"',
      '  digest: ""',
      'sidecar:',
      '  image: "nginx:1.25"',
      'initImage: busybox:1.36',
      'someImage: not an image',
      'busybox:',
      '  registry: docker.io',
      '  repository: busybox',
      '  tag: latest',
      '  pullPolicy: IfNotPresent',
    ].join('\n');

    const refs = extractHelmValuesRefs('chart/values.yaml', text, { chart });

    expect(brief(refs)).toEqual([
      '4 helm-image-map ghcr.io/acme/app:1.2.3',
      '7 helm-values nginx:1.25',
      '8 helm-values busybox:1.36',
      '13 helm-image-map docker.io/busybox:latest',
    ]);
    expect(refs[0]?.tagSlot?.span.text).toBe('1.2.3');
    expect(refs[0]?.digestSlot).toMatchObject({ separator: '', span: { text: '', line: 5 } });
    expect(refs[3]?.tagSlot?.scalar).toBe('yaml-plain');
    expect(refs[3]?.digestSlot).toBeUndefined();
  });

  it('reports the appVersion as the tag of a map without one, never editable', () => {
    const text = 'image:\n  repository: acme/app\n  tag: ""\n  digest: ""\n';

    const [ref] = extractHelmValuesRefs('chart/values.yaml', text, { chart });

    expect(ref?.name?.tag).toBe('4.2.0');
    expect(ref?.line).toBe(3);
    expect(ref?.tagSlot).toBeUndefined();
    expect(ref?.digestSlot).toBeUndefined();
    expect(ref?.uneditable).toContain('appVersion (chart/Chart.yaml line 4)');
  });

  it('leaves the tag of a map unresolvable without a chart appVersion, and a sha field uneditable', () => {
    const hex = 'e'.repeat(64);
    const text = `image:\n  repository: acme/app\n  tag: ""\nother:\n  image:\n    repository: acme/other\n    tag: v1\n    sha: "${hex}"\n`;

    const [empty, sha] = extractHelmValuesRefs('values.yaml', text);

    expect(empty?.problem).toMatchObject({ kind: 'unresolvable', reason: expect.stringContaining('no appVersion') as unknown });
    expect(sha?.raw).toBe(`acme/other:v1@sha256:${hex}`);
    expect(sha?.uneditable).toContain('"sha" field');
  });

  it('marks block scalars uneditable and reports tpl expressions', () => {
    const text = 'a:\n  image: |\n    python:3.11\nb:\n  image: "{{ .Values.global.registry }}/app:1.0"\n';

    const [block, tpl] = extractHelmValuesRefs('values.yaml', text);

    expect(block?.raw).toBe('python:3.11');
    expect(block?.uneditable).toContain('block scalar');
    expect(block?.tagSlot).toBeUndefined();
    expect(tpl?.problem?.reason).toContain('{{ .Values.global.registry }}');
  });
});
