// troupe actors list|types|get|invoke|spawn|deactivate|destroy
import { type Command, integerOption, labelsOption, optionalString, parseJson, required } from './command.ts';
import { formatFields, formatTable, formatTime } from './output.ts';

const list: Command = {
  words: ['actors', 'list'],
  summary: 'List actors, resident and persisted (paginated)',
  options: {
    type: { type: 'string' },
    status: { type: 'string' },
    label: { type: 'string' },
    prefix: { type: 'string' },
    limit: { type: 'string' },
    cursor: { type: 'string' },
    all: { type: 'boolean' },
  },
  help: [
    '--type T, --status S, --label name=value, --prefix P   filters',
    '--limit N (default 50), --cursor C                     one page; --all follows every page',
  ],
  async run(ctx, _positionals, values) {
    const filter = {
      type: optionalString(values, 'type'),
      status: optionalString(values, 'status') as 'active' | undefined,
      label: optionalString(values, 'label'),
      keyPrefix: optionalString(values, 'prefix'),
      limit: integerOption(values, 'limit'),
    };
    let page = await ctx.client().actors.list.query({ ...filter, cursor: optionalString(values, 'cursor') });
    const items = [...page.items];
    while (values.all && page.nextCursor) {
      page = await ctx.client().actors.list.query({ ...filter, cursor: page.nextCursor });
      items.push(...page.items);
    }
    return {
      data: { items, nextCursor: page.nextCursor },
      text: () =>
        formatTable(items, [
          { header: 'type', value: (a) => a.type },
          { header: 'key', value: (a) => a.key },
          { header: 'status', value: (a) => a.status },
          { header: 'version', value: (a) => a.version },
          { header: 'activations', value: (a) => a.activations },
          { header: 'last active', value: (a) => formatTime(a.lastActiveAt) },
          { header: 'labels', value: (a) => labelText(a.labels) },
        ]) + (page.nextCursor ? `\n(more: --cursor ${page.nextCursor})` : ''),
    };
  },
};

const types: Command = {
  words: ['actors', 'types'],
  summary: 'List actor types and their actions',
  async run(ctx) {
    const data = await ctx.client().actors.types.query();
    return {
      data,
      text: () =>
        formatTable(data, [
          { header: 'type', value: (t) => t.type },
          { header: 'idle timeout ms', value: (t) => t.idleTimeoutMs },
          { header: 'actions', value: (t) => t.actions.map((a) => a.name).join(', ') },
        ]),
    };
  },
};

const get: Command = {
  words: ['actors', 'get'],
  args: '<type> <key>',
  summary: 'Show an actor: status, state, lifecycle, journal',
  async run(ctx, positionals) {
    const actor = await ctx.client().actors.get.query(address(positionals));
    return {
      data: actor,
      text: () =>
        [
          formatFields({
            type: actor.type,
            key: actor.key,
            status: actor.status,
            version: actor.version,
            activations: actor.activations,
            'last active': formatTime(actor.lastActiveAt),
            'mailbox depth': actor.mailboxDepth,
            labels: labelText(actor.labels),
            failure: actor.failure,
            journal: `${actor.journal.length} entries`,
            alarms: actor.alarms.length,
          }),
          'state:',
          JSON.stringify(actor.state, null, 2),
        ].join('\n'),
    };
  },
};

const invoke: Command = {
  words: ['actors', 'invoke'],
  args: '<type> <key> <action> [args-json]',
  summary: 'Ask an actor (or --tell it) to run an action',
  options: {
    tell: { type: 'boolean' },
    timeout: { type: 'string' },
    'idempotency-key': { type: 'string' },
  },
  help: ['--tell             enqueue without waiting', '--timeout MS, --idempotency-key K'],
  async run(ctx, positionals, values) {
    const action = required(positionals, 2, 'action');
    const args = positionals[3] === undefined ? {} : parseJson(positionals[3], 'args');
    const reply = await ctx.client().actors.invoke.mutate({
      ...address(positionals),
      action,
      args,
      mode: values.tell ? 'tell' : 'ask',
      timeoutMs: integerOption(values, 'timeout'),
      idempotencyKey: optionalString(values, 'idempotency-key'),
    });
    return {
      data: reply,
      text: () => ('queued' in reply ? 'queued' : JSON.stringify(reply.result, null, 2)),
    };
  },
};

const spawn: Command = {
  words: ['actors', 'spawn'],
  args: '<type> <key>',
  summary: 'Create an actor (exit 3 if it exists)',
  options: {
    state: { type: 'string' },
    label: { type: 'string', multiple: true },
    'idle-timeout': { type: 'string' },
  },
  help: ['--state JSON         initial state', '--label name=value   (repeatable)', '--idle-timeout MS'],
  async run(ctx, positionals, values) {
    const state = optionalString(values, 'state');
    const idleTimeoutMs = integerOption(values, 'idle-timeout');
    const data = await ctx.client().actors.spawn.mutate({
      ...address(positionals),
      initialState: state === undefined ? undefined : parseJson(state, '--state'),
      labels: labelsOption(values),
      config: idleTimeoutMs === undefined ? undefined : { idleTimeoutMs },
    });
    return { data, text: () => `${data.type}/${data.key} ${data.status}` };
  },
};

const deactivate: Command = {
  words: ['actors', 'deactivate'],
  args: '<type> <key>',
  summary: 'Flush and evict a resident actor (its state stays)',
  async run(ctx, positionals) {
    const data = await ctx.client().actors.deactivate.mutate(address(positionals));
    return { data, text: () => (data.deactivated ? 'deactivated' : 'not resident') };
  },
};

const destroy: Command = {
  words: ['actors', 'destroy'],
  args: '<type> <key>',
  summary: 'Delete an actor: state, alarms, journal',
  async run(ctx, positionals) {
    const data = await ctx.client().actors.destroy.mutate(address(positionals));
    return { data, text: () => 'destroyed' };
  },
};

function address(positionals: string[]) {
  return { type: required(positionals, 0, 'type'), key: required(positionals, 1, 'key') };
}

const labelText = (labels: Record<string, string>) =>
  Object.entries(labels)
    .map(([k, v]) => `${k}=${v}`)
    .join(',') || '-';

export const actorCommands: Command[] = [list, types, get, invoke, spawn, deactivate, destroy];
