// The rule lives in common/ so the client's mock fallback uses the very same one.
export { isRoleMailbox, namesFromLocalPart } from '../../../common/names';
