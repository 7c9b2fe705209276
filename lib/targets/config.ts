/**
 * The accounts and regions Berth shows (BERTH_TARGETS_FILE), checked at start-up: a bad file
 * stops Berth naming the path and what is wrong, as the policy file does. Without a file there
 * is one implicit target, today's single account and region.
 */
import { z } from 'zod';
import { parseConfigFile, readConfigFile } from '../config-file';

/** Colours a target can be marked with; each has its classes in components/targets. */
export const TARGET_COLORS = [
  'red',
  'orange',
  'amber',
  'green',
  'teal',
  'sky',
  'blue',
  'violet',
  'pink',
  'slate',
] as const;
export type TargetColor = (typeof TARGET_COLORS)[number];

const REGION = /^[a-z]{2}(-[a-z]+)+-\d+$/;
// IAM role ARNs in any partition; the path may hold slashes.
const ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]{1,512}$/;

const TargetSchema = z
  .strictObject({
    name: z
      .string()
      .regex(
        /^[a-z0-9](?:[a-z0-9-]{0,30}[a-z0-9])?$/,
        'a target name is 1–32 lower-case letters, digits and hyphens (it is part of every URL), e.g. prod',
      ),
    regions: z
      .array(z.string().regex(REGION, 'a region is a code such as ca-central-1'))
      .min(1, 'list at least one region, e.g. regions: [ca-central-1]')
      .refine((regions) => new Set(regions).size === regions.length, 'a region is listed twice'),
    color: z
      .enum(TARGET_COLORS, { message: `color must be one of ${TARGET_COLORS.join(', ')}` })
      .optional(),
    profile: z
      .string()
      .regex(/^[\w+=,.@-]{1,64}$/, 'profile must be a profile name from ~/.aws/config')
      .optional(),
    roleArn: z
      .string()
      .regex(ROLE_ARN, 'roleArn must be an IAM role ARN, arn:aws:iam::<account>:role/<name>')
      .optional(),
    // AWS's own rule for sts:AssumeRole's ExternalId: 2–1,224 of these characters.
    externalId: z
      .string()
      .regex(
        /^[\w+=,.@:/-]{2,1224}$/,
        'externalId must be 2–1,224 letters, digits or +=,.@:/- (AWS refuses anything else)',
      )
      .optional(),
  })
  .refine((target) => !(target.profile && target.roleArn), {
    message: 'give a profile or a roleArn, not both (a role is assumed from the default chain)',
  })
  .refine((target) => !target.externalId || target.roleArn, {
    message: 'externalId is sent when assuming a role: it needs roleArn',
    path: ['externalId'],
  });

const TargetsFile = z
  .strictObject({
    targets: z.array(TargetSchema).min(1, 'list at least one target'),
  })
  .refine(
    (file) => new Set(file.targets.map((t) => t.name)).size === file.targets.length,
    'two targets have the same name',
  );

export type TargetConfig = z.infer<typeof TargetSchema>;

/** An account Berth reaches, how, and the regions it shows there. */
export interface Target extends TargetConfig {
  /** The target of a Berth without a targets file: URLs carry no target, the header no switcher. */
  implicit: boolean;
}

export function parseTargets(text: string, path: string): Target[] {
  const { targets } = parseConfigFile('BERTH_TARGETS_FILE', TargetsFile, text, path);
  return targets.map((target) => ({ ...target, implicit: false }));
}

export function loadTargets(path: string): Target[] {
  return parseTargets(readConfigFile('BERTH_TARGETS_FILE', path), path);
}

/** Berth without a targets file: the default credential chain in AWS_REGION. */
export function implicitTarget(region: string | undefined): Target {
  return { name: 'default', regions: region ? [region] : [], implicit: true };
}

/** What a place without a region (the implicit target without AWS_REGION) calls its region. */
export const NO_REGION = 'default';

/** Every region of every target by name, as place ids and policy patterns name them. */
export function placeNames(targets: readonly Target[]): { target: string; region: string }[] {
  return targets.flatMap((target) =>
    (target.regions.length ? target.regions : [NO_REGION]).map((region) => ({
      target: target.name,
      region,
    })),
  );
}
