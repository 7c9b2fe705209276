import 'server-only';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { inPlace, placeId, type Place } from '../targets/place';
import { sts } from './clients';
import { readImmutable } from './read-cache';

/**
 * The account id a place's credentials reach, for its pages and confirmations: a role's from its
 * ARN, otherwise one sts:GetCallerIdentity per place for the life of the process.
 */
export async function accountOf(place: Place): Promise<string> {
  const fromRole = /^arn:aws[a-z-]*:iam::(\d{12}):/.exec(place.target.roleArn ?? '')?.[1];
  if (fromRole) return fromRole;
  return inPlace(place, () =>
    readImmutable(`sts:account:${placeId(place)}:`, 'sts:GetCallerIdentity', async () => {
      const { Account } = await sts().send(new GetCallerIdentityCommand({}));
      if (!Account) throw new Error('STS answered without an account');
      return Account;
    }),
  );
}
