import type { Installation, InstallationQuery, InstallationStore } from "@slack/bolt";
import { z } from "zod";
import { deleteCredential, readCredential, saveCredential } from "#app/platform/credentials.server.ts";
import { workspaceForInstalledTeam, workspaceForOnlyTeam, workspaceForSlackTeam, type SlackTeam } from "./store.ts";
import type { SlackConfig } from "./config.ts";
import type { Remit } from "./remit.ts";

const provider = "slack";

/** A bot installation as Remit stores it (encrypted, in Credential). */
const storedInstallation = z.object({
  teamId: z.string(),
  teamName: z.string().nullable(),
  appId: z.string().nullable(),
  botToken: z.string().startsWith("xoxb-"),
  botId: z.string(),
  botUserId: z.string(),
  scopes: z.array(z.string()),
  installerUserId: z.string(),
});
type StoredInstallation = z.infer<typeof storedInstallation>;

/** What a request from a Slack team runs with: its Remit workspace and the bot token to answer with. */
export interface TeamAuthorization {
  workspaceId: string;
  teamId: string;
  botToken: string;
  botId?: string;
  botUserId?: string;
}

export class NotInstalledError extends Error {
  override name = "NotInstalledError";
}

/** A request from a Slack team that this single-workspace Remit does not serve: refused in words. */
export class ForeignTeamError extends Error {
  override name = "ForeignTeamError";
  constructor(teamId: string) {
    super(
      `This Remit serves one Slack workspace, and it is not this one (${teamId}). Nothing was done; ask whoever runs Remit to install it for your workspace.`,
    );
  }
}

/** The Slack team a bot token belongs to (Slack's auth.test). */
export type TokenTeam = (token: string) => Promise<string>;

/**
 * Bot tokens per Slack team. Single-workspace mode has one token from the environment for the
 * one team it serves; distributed mode keeps one installation per team, made through OAuth.
 */
/**
 * Requests wait for their team's authorization before they are acknowledged, so it is kept in
 * memory for a minute. A team whose app was uninstalled sends no more requests; after a
 * reinstall, another instance may answer with the old token for up to that minute.
 */
const authorizationCacheMs = 60_000;

export function createInstallations(remit: Remit, config: SlackConfig, tokenTeam: TokenTeam) {
  const read = (workspaceId: string) => readCredential(remit.db, remit.secrets.encryptionKey, workspaceId, provider, storedInstallation);
  const authorized = new Map<string, { authorization: TeamAuthorization; until: number }>();
  // The bot token's own team, asked once: a token does not change teams.
  let ownTeam: Promise<string> | null = null;
  const teamOfToken = (token: string) => {
    ownTeam ??= tokenTeam(token).catch((error: unknown) => {
      ownTeam = null;
      throw error;
    });
    return ownTeam;
  };

  async function forTeam(team: SlackTeam): Promise<TeamAuthorization> {
    const cached = authorized.get(team.teamId);
    if (cached && cached.until > Date.now()) return cached.authorization;
    const authorization = await lookUp(team);
    authorized.set(team.teamId, { authorization, until: Date.now() + authorizationCacheMs });
    return authorization;
  }

  async function lookUp(team: SlackTeam): Promise<TeamAuthorization> {
    if (config.mode === "single") {
      // Any team can send a validly signed request to an app; only the token's own team is served.
      if ((await teamOfToken(config.botToken)) !== team.teamId) throw new ForeignTeamError(team.teamId);
      const workspace = await workspaceForOnlyTeam(remit.db, team);
      return { workspaceId: workspace.id, teamId: team.teamId, botToken: config.botToken };
    }
    const workspace = await workspaceForSlackTeam(remit.db, team.teamId);
    const installation = workspace && (await read(workspace.id));
    if (!workspace || !installation) throw new NotInstalledError(`Remit is not installed in the Slack team ${team.teamId}.`);
    const { botToken, botId, botUserId } = installation;
    return { workspaceId: workspace.id, teamId: team.teamId, botToken, botId, botUserId };
  }

  /** The token to post for a workspace, or null when it is not connected to Slack. */
  async function botTokenFor(workspace: { id: string; slackTeamId: string | null }): Promise<string | null> {
    if (!workspace.slackTeamId) return null;
    if (config.mode === "single") return config.botToken;
    return (await read(workspace.id))?.botToken ?? null;
  }

  /** Forgets a team's tokens (app uninstalled, tokens revoked); its workspace and invoices stay. */
  async function forget(teamId: string): Promise<void> {
    authorized.delete(teamId);
    const workspace = await workspaceForSlackTeam(remit.db, teamId);
    if (workspace) await deleteCredential(remit.db, workspace.id, provider);
  }

  /** The store @slack/oauth writes installations to after the OAuth exchange. */
  const store: InstallationStore = {
    async storeInstallation(installation) {
      const { team, bot } = installation;
      if (installation.isEnterpriseInstall || !team)
        throw new Error("Remit installs into one Slack workspace at a time, not a whole Enterprise Grid organisation.");
      if (!bot) throw new Error("The Slack installation has no bot token: the app needs bot scopes.");
      const workspace = await workspaceForInstalledTeam(remit.db, { teamId: team.id, teamName: team.name });
      const stored: StoredInstallation = {
        teamId: team.id,
        teamName: team.name ?? null,
        appId: installation.appId ?? null,
        botToken: bot.token,
        botId: bot.id,
        botUserId: bot.userId,
        scopes: bot.scopes,
        installerUserId: installation.user.id,
      };
      await saveCredential(remit.db, remit.secrets.encryptionKey, workspace.id, provider, stored);
      authorized.delete(team.id);
    },
    async fetchInstallation(query: InstallationQuery<boolean>): Promise<Installation> {
      const workspace = query.teamId ? await workspaceForSlackTeam(remit.db, query.teamId) : null;
      const stored = workspace && (await read(workspace.id));
      if (!stored) throw new NotInstalledError(`Remit is not installed in the Slack team ${query.teamId ?? query.enterpriseId}.`);
      return {
        team: { id: stored.teamId, name: stored.teamName ?? undefined },
        enterprise: undefined,
        user: { id: stored.installerUserId, token: undefined, scopes: undefined },
        bot: { token: stored.botToken, scopes: stored.scopes, id: stored.botId, userId: stored.botUserId },
        appId: stored.appId ?? undefined,
        tokenType: "bot",
        isEnterpriseInstall: false,
        authVersion: "v2",
      };
    },
    async deleteInstallation(query) {
      if (query.teamId) await forget(query.teamId);
    },
  };

  return { forTeam, botTokenFor, forget, store };
}

export type Installations = ReturnType<typeof createInstallations>;
