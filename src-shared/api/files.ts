/**
 * The files namespace: evidence files moving between this computer and the organization's
 * storage. Uploads start by themselves once an evidence row has reached the server; downloads
 * start when a person asks (or pins). In the local workspace nothing travels: every file is
 * local, the transfer list is empty.
 */
import { z } from 'zod';
import {
  AuditInput,
  AuditOfflineSize,
  EvidenceFileInput,
  FileStatus,
  FilesProgress,
  FilesSettings,
  FilesSettingsInput,
  FilesStatusInput,
  FilesStatusOutput,
  PinAuditOutput,
  PinInput,
  Transfer,
  TransferIdInput,
  TransferList,
  TransfersInput,
} from '../domain/transfers';
import { method } from './define';

export const filesApi = {
  /** Uploads and downloads with progress, state and the last error in words (the Sync panel). */
  transfers: method(TransfersInput, TransferList),
  /** Stops one transfer where it is; the bytes already sent or received are kept for resume. */
  pause: method(TransferIdInput, Transfer),
  /** Resumes a paused or failed transfer now (from the server's offset, not from zero). */
  resume: method(TransferIdInput, Transfer),
  /** Where each record's file is: local, remote, downloading, damaged; pinned; size. */
  status: method(FilesStatusInput, FilesStatusOutput),
  /** Starts (or joins) the download of a record's file; answers the download's transfer. */
  download: method(EvidenceFileInput, Transfer),
  /** "Keep offline" on or off; pinning a file not here starts its download. */
  pin: method(PinInput, FileStatus),
  /** What making an audit available offline takes: files, bytes, and what is still to download. */
  auditOfflineSize: method(AuditInput, AuditOfflineSize),
  /** Pins every file of an audit's evidence and downloads the ones not here. */
  pinAudit: method(AuditInput, PinAuditOutput),
  settings: method(z.strictObject({}), FilesSettings),
  /** Sets the cache limit; files over it are evicted right away (never pinned or waiting ones). */
  updateSettings: method(FilesSettingsInput, FilesSettings),
};

export const filesEvents = {
  /** A transfer's bytes or state changed (uploads and downloads alike). */
  'files.progress': FilesProgress,
} as const;
