-- An upload may name a model the catalogue does not have yet: with "propose it as a new
-- model" ticked, the model is proposed when the file is stored, and its runs wait for a
-- moderator as a single measurement of a proposed model does.
alter table pending_uploads add column propose boolean not null default false;
