// troupe types list | history <type> | rollback <type> <version>: the server's actor types and the
// versions of deployed ones (troupe deploy adds them).
import { type Command, parseInteger, required, tableCommand } from './command.ts';
import { deployedLine } from './deploy-command.ts';
import { formatTable, formatTime } from './output.ts';

const list = tableCommand(
  ['types', 'list'],
  'List actor types: origin, deployed version, deploy time, sha256',
  (client) => client.types.list.query(),
  [
    { header: 'type', value: (t) => t.type },
    { header: 'origin', value: (t) => t.origin },
    { header: 'version', value: (t) => t.version },
    { header: 'deployed', value: (t) => (t.deployedAt ? formatTime(t.deployedAt) : null) },
    { header: 'sha256', value: (t) => t.sourceHash?.slice(0, 12) },
    { header: 'file', value: (t) => t.file },
    { header: 'load error', value: (t) => t.loadError },
  ],
);

const history: Command = {
  words: ['types', 'history'],
  args: '<type>',
  summary: "A deployed type's versions, newest first (* serves)",
  async run(ctx, positionals) {
    const data = await ctx.client().types.history.query({ type: required(positionals, 0, 'type') });
    return {
      data,
      text: () =>
        formatTable(data.versions, [
          { header: 'version', value: (v) => `${v.version}${v.active ? ' *' : ''}` },
          { header: 'deployed', value: (v) => formatTime(v.deployedAt) },
          { header: 'sha256', value: (v) => v.sourceHash.slice(0, 12) },
          { header: 'file', value: (v) => v.fileName },
          { header: 'rollback of', value: (v) => v.rolledBackFrom },
        ]),
    };
  },
};

const rollback: Command = {
  words: ['types', 'rollback'],
  args: '<type> <version>',
  summary: "Serve an earlier version's code again (as a new version)",
  async run(ctx, positionals) {
    const type = required(positionals, 0, 'type');
    const version = parseInteger(required(positionals, 1, 'version'), '<version>');
    const result = await ctx.client().types.rollback.mutate({ type, version });
    return { data: result, text: () => `${deployedLine('deployed', result)}, the code of v${version}` };
  },
};

export const typesCommands: Command[] = [list, history, rollback];
