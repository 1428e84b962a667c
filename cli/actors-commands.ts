// troupe actors list|types|get|invoke|spawn|deactivate|destroy
import {
  booleanOptions,
  type Command,
  commandsOn,
  integerOption,
  labelsOption,
  optionalString,
  parseJson,
  required,
  stringOptions,
  tableCommand,
} from './command.ts';
import { formatFields, formatTable, formatTime } from './output.ts';

/** `troupe actors <word> <type> <key> ...` */
const actorCommand = commandsOn('actors', '<type> <key>', (ctx, positionals) => ({
  actors: ctx.client().actors,
  address: { type: required(positionals, 0, 'type'), key: required(positionals, 1, 'key') },
}));

const list: Command = {
  words: ['actors', 'list'],
  summary: 'List actors, resident and persisted (paginated)',
  options: {
    ...stringOptions('type', 'status', 'label', 'prefix', 'limit', 'cursor'),
    ...booleanOptions('all'),
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

const types = tableCommand(
  ['actors', 'types'],
  'List actor types and their actions',
  (client) => client.actors.types.query(),
  [
    { header: 'type', value: (t) => t.type },
    { header: 'idle timeout ms', value: (t) => t.idleTimeoutMs },
    { header: 'actions', value: (t) => t.actions.map((a) => a.name).join(', ') },
  ],
);

const get = actorCommand(
  'get',
  'Show an actor: status, state, lifecycle, journal',
  async ({ actors, address }) => {
    const actor = await actors.get.query(address);
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
);

const invoke = actorCommand(
  'invoke',
  'Ask an actor (or --tell it) to run an action',
  async ({ actors, address, positionals, values }) => {
    const action = required(positionals, 2, 'action');
    const args = positionals[3] === undefined ? {} : parseJson(positionals[3], 'args');
    const reply = await actors.invoke.mutate({
      ...address,
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
  {
    args: '<type> <key> <action> [args-json]',
    options: { ...booleanOptions('tell'), ...stringOptions('timeout', 'idempotency-key') },
    help: ['--tell             enqueue without waiting', '--timeout MS, --idempotency-key K'],
  },
);

const spawn = actorCommand(
  'spawn',
  'Create an actor (exit 3 if it exists)',
  async ({ actors, address, values }) => {
    const state = optionalString(values, 'state');
    const idleTimeoutMs = integerOption(values, 'idle-timeout');
    const data = await actors.spawn.mutate({
      ...address,
      initialState: state === undefined ? undefined : parseJson(state, '--state'),
      labels: labelsOption(values),
      config: idleTimeoutMs === undefined ? undefined : { idleTimeoutMs },
    });
    return { data, text: () => `${data.type}/${data.key} ${data.status}` };
  },
  {
    options: { ...stringOptions('state', 'idle-timeout'), label: { type: 'string', multiple: true } },
    help: ['--state JSON         initial state', '--label name=value   (repeatable)', '--idle-timeout MS'],
  },
);

const deactivate = actorCommand(
  'deactivate',
  'Flush and evict a resident actor (its state stays)',
  async ({ actors, address }) => {
    const data = await actors.deactivate.mutate(address);
    return { data, text: () => (data.deactivated ? 'deactivated' : 'not resident') };
  },
);

const destroy = actorCommand(
  'destroy',
  'Delete an actor: state, alarms, journal',
  async ({ actors, address }) => {
    const data = await actors.destroy.mutate(address);
    return { data, text: () => 'destroyed' };
  },
);

const labelText = (labels: Record<string, string>) =>
  Object.entries(labels)
    .map(([k, v]) => `${k}=${v}`)
    .join(',') || '-';

export const actorCommands: Command[] = [list, types, get, invoke, spawn, deactivate, destroy];
