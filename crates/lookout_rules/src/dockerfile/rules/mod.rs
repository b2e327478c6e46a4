//! One module per rule (named for what it checks); the two tables below list them in
//! catalogue order: the rules users ask for first come first.

use super::CheckFn;
use crate::RuleMeta;

mod absolute_workdir;
mod apk_no_cache;
mod apk_pin_versions;
mod apt_get_yes;
mod apt_lists_cleanup;
mod apt_no_install_recommends;
mod apt_pin_versions;
mod base_image_digest;
mod consecutive_run;
mod copy_archive_then_extract;
mod copy_dest_slash;
mod copy_from_known_stage;
mod copy_from_self;
mod copy_instead_of_add;
mod copy_relative_without_workdir;
mod dnf_clean_all;
mod dnf_pin_versions;
mod dnf_yes;
mod env_self_reference;
mod final_stage_no_user;
mod from_first;
mod gem_pin_versions;
mod go_pin_versions;
mod json_cmd;
mod label_key_format;
mod latest_tag;
mod maintainer_deprecated;
mod no_apt;
mod no_cd;
mod no_dist_upgrade;
mod no_interactive_commands;
mod no_ln_bin_sh;
mod no_platform_flag;
mod no_ssh_port;
mod no_sudo;
mod npm_pin_versions;
mod onbuild_trigger;
mod once_per_stage;
mod pip_no_cache_dir;
mod pip_pin_versions;
mod pipefail;
mod reserved_stage_name;
mod root_user;
mod rpm_managers;
mod secrets_in_arg_env;
mod single_cmd;
mod single_entrypoint;
mod single_healthcheck;
mod syntax_error;
mod unique_stage_names;
mod untagged_image;
mod update_alone;
mod useradd_no_log_init;
mod valid_port;
mod wget_or_curl;
mod wget_progress;
mod workdir_system_dir;
mod yarn_cache_clean;
mod yum_clean_all;
mod yum_pin_versions;
mod yum_yes;
mod zypper_clean;
mod zypper_dist_upgrade;
mod zypper_non_interactive;
mod zypper_pin_versions;

pub(super) static METAS: [&RuleMeta; 63] = [
    &latest_tag::META,
    &untagged_image::META,
    &root_user::META,
    &final_stage_no_user::META,
    &base_image_digest::META,
    &syntax_error::META,
    &absolute_workdir::META,
    &no_interactive_commands::META,
    &no_cd::META,
    &no_sudo::META,
    &apt_pin_versions::META,
    &apt_lists_cleanup::META,
    &copy_archive_then_extract::META,
    &valid_port::META,
    &single_healthcheck::META,
    &pip_pin_versions::META,
    &apt_get_yes::META,
    &apt_no_install_recommends::META,
    &npm_pin_versions::META,
    &apk_pin_versions::META,
    &apk_no_cache::META,
    &copy_instead_of_add::META,
    &copy_dest_slash::META,
    &copy_from_known_stage::META,
    &copy_from_self::META,
    &unique_stage_names::META,
    &json_cmd::META,
    &no_apt::META,
    &gem_pin_versions::META,
    &no_platform_flag::META,
    &yum_yes::META,
    &yum_clean_all::META,
    &yum_pin_versions::META,
    &zypper_non_interactive::META,
    &zypper_dist_upgrade::META,
    &zypper_clean::META,
    &zypper_pin_versions::META,
    &dnf_yes::META,
    &dnf_clean_all::META,
    &dnf_pin_versions::META,
    &pip_no_cache_dir::META,
    &onbuild_trigger::META,
    &env_self_reference::META,
    &copy_relative_without_workdir::META,
    &useradd_no_log_init::META,
    &wget_progress::META,
    &label_key_format::META,
    &consecutive_run::META,
    &yarn_cache_clean::META,
    &from_first::META,
    &go_pin_versions::META,
    &reserved_stage_name::META,
    &maintainer_deprecated::META,
    &wget_or_curl::META,
    &single_cmd::META,
    &single_entrypoint::META,
    &no_ln_bin_sh::META,
    &pipefail::META,
    &no_ssh_port::META,
    &update_alone::META,
    &secrets_in_arg_env::META,
    &workdir_system_dir::META,
    &no_dist_upgrade::META,
];

/// Same order as [`METAS`].
pub(super) static CHECKS: &[CheckFn] = &[
    latest_tag::check,
    untagged_image::check,
    root_user::check,
    final_stage_no_user::check,
    base_image_digest::check,
    syntax_error::check,
    absolute_workdir::check,
    no_interactive_commands::check,
    no_cd::check,
    no_sudo::check,
    apt_pin_versions::check,
    apt_lists_cleanup::check,
    copy_archive_then_extract::check,
    valid_port::check,
    single_healthcheck::check,
    pip_pin_versions::check,
    apt_get_yes::check,
    apt_no_install_recommends::check,
    npm_pin_versions::check,
    apk_pin_versions::check,
    apk_no_cache::check,
    copy_instead_of_add::check,
    copy_dest_slash::check,
    copy_from_known_stage::check,
    copy_from_self::check,
    unique_stage_names::check,
    json_cmd::check,
    no_apt::check,
    gem_pin_versions::check,
    no_platform_flag::check,
    yum_yes::check,
    yum_clean_all::check,
    yum_pin_versions::check,
    zypper_non_interactive::check,
    zypper_dist_upgrade::check,
    zypper_clean::check,
    zypper_pin_versions::check,
    dnf_yes::check,
    dnf_clean_all::check,
    dnf_pin_versions::check,
    pip_no_cache_dir::check,
    onbuild_trigger::check,
    env_self_reference::check,
    copy_relative_without_workdir::check,
    useradd_no_log_init::check,
    wget_progress::check,
    label_key_format::check,
    consecutive_run::check,
    yarn_cache_clean::check,
    from_first::check,
    go_pin_versions::check,
    reserved_stage_name::check,
    maintainer_deprecated::check,
    wget_or_curl::check,
    single_cmd::check,
    single_entrypoint::check,
    no_ln_bin_sh::check,
    pipefail::check,
    no_ssh_port::check,
    update_alone::check,
    secrets_in_arg_env::check,
    workdir_system_dir::check,
    no_dist_upgrade::check,
];

/// What the rules' unit tests read: a rule's findings over a whole file.
#[cfg(test)]
pub(super) mod test_support {
    /// The source text each finding of `code` in `text` points at, in order.
    pub(crate) fn fired<'t>(text: &'t str, code: &str) -> Vec<&'t str> {
        crate::dockerfile::check(text)
            .into_iter()
            .filter(|d| d.code == code)
            .map(|d| {
                text.get(d.range.start()..d.range.end())
                    .unwrap_or("<out of bounds>")
            })
            .collect()
    }
}
