//! Agency use cases: organizations, locations, services and taxonomy terms, created, replaced
//! and deleted one at a time. Each record is validated by the caller (the domain's
//! `validate_*`) before it gets here; the store checks references and uniqueness.

use recovery_domain::agency::{
    Location, LocationData, Organization, OrganizationData, Service, ServiceData, TaxonomyTerm, TaxonomyTermData,
};
use recovery_domain::projection::EntityKind;
use recovery_domain::{Actor, LocationId, OrganizationId, ServiceId, TermId};

use crate::{AppError, Directory};

impl Directory {
    /// Creates an organization under `id`.
    pub async fn create_organization(
        &self,
        id: OrganizationId,
        data: OrganizationData,
        actor: Actor,
    ) -> Result<Organization, AppError> {
        self.write(move |store| store.create_organization(id, data, &actor)).await
    }

    /// Replaces an organization.
    pub async fn update_organization(
        &self,
        id: OrganizationId,
        data: OrganizationData,
        actor: Actor,
    ) -> Result<Organization, AppError> {
        self.write(move |store| store.update_organization(id, data, &actor)).await
    }

    /// Deletes an organization (refused while services or locations refer to it).
    pub async fn delete_organization(&self, id: OrganizationId, actor: Actor) -> Result<(), AppError> {
        self.delete(EntityKind::Organization, id.0, move |store| store.delete_organization(id, &actor)).await
    }

    /// Creates a location under `id`.
    pub async fn create_location(
        &self,
        id: LocationId,
        data: LocationData,
        actor: Actor,
    ) -> Result<Location, AppError> {
        self.write(move |store| store.create_location(id, data, &actor)).await
    }

    /// Replaces a location.
    pub async fn update_location(
        &self,
        id: LocationId,
        data: LocationData,
        actor: Actor,
    ) -> Result<Location, AppError> {
        self.write(move |store| store.update_location(id, data, &actor)).await
    }

    /// Deletes a location (refused while services are offered there).
    pub async fn delete_location(&self, id: LocationId, actor: Actor) -> Result<(), AppError> {
        self.delete(EntityKind::Location, id.0, move |store| store.delete_location(id, &actor)).await
    }

    /// Creates a service under `id`.
    pub async fn create_service(&self, id: ServiceId, data: ServiceData, actor: Actor) -> Result<Service, AppError> {
        self.write(move |store| store.create_service(id, data, &actor)).await
    }

    /// Replaces a service.
    pub async fn update_service(&self, id: ServiceId, data: ServiceData, actor: Actor) -> Result<Service, AppError> {
        self.write(move |store| store.update_service(id, data, &actor)).await
    }

    /// Deletes a service.
    pub async fn delete_service(&self, id: ServiceId, actor: Actor) -> Result<(), AppError> {
        self.delete(EntityKind::Service, id.0, move |store| store.delete_service(id, &actor)).await
    }

    /// Creates a taxonomy term under `id`.
    pub async fn create_taxonomy_term(
        &self,
        id: TermId,
        data: TaxonomyTermData,
        actor: Actor,
    ) -> Result<TaxonomyTerm, AppError> {
        self.write(move |store| store.create_taxonomy_term(id, data, &actor)).await
    }

    /// Replaces a taxonomy term.
    pub async fn update_taxonomy_term(
        &self,
        id: TermId,
        data: TaxonomyTermData,
        actor: Actor,
    ) -> Result<TaxonomyTerm, AppError> {
        self.write(move |store| store.update_taxonomy_term(id, data, &actor)).await
    }

    /// Deletes a taxonomy term (refused while in use).
    pub async fn delete_taxonomy_term(&self, id: TermId, actor: Actor) -> Result<(), AppError> {
        self.delete(EntityKind::TaxonomyTerm, id.0, move |store| store.delete_taxonomy_term(id, &actor)).await
    }
}
