// Dashboard URLs of actors and pipelines, built in one place (ids and keys are client strings:
// always encoded).
import type { Route } from 'next';

export const actorHref = (type: string, key: string) =>
  `/actors/${encodeURIComponent(type)}/${encodeURIComponent(key)}` as Route;

export const pipelineHref = (id: string) => `/pipelines/${encodeURIComponent(id)}` as Route;
