from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.facet_value_dto import FacetValueDTO
    from ..models.vendor_facet_dto import VendorFacetDTO


T = TypeVar("T", bound="FacetsDTO")


@_attrs_define
class FacetsDTO:
    """
    Attributes:
        category (list[FacetValueDTO]):
        classification (list[FacetValueDTO]):
        vendor (list[VendorFacetDTO]):
    """

    category: list[FacetValueDTO]
    classification: list[FacetValueDTO]
    vendor: list[VendorFacetDTO]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        category = []
        for category_item_data in self.category:
            category_item = category_item_data.to_dict()
            category.append(category_item)

        classification = []
        for classification_item_data in self.classification:
            classification_item = classification_item_data.to_dict()
            classification.append(classification_item)

        vendor = []
        for vendor_item_data in self.vendor:
            vendor_item = vendor_item_data.to_dict()
            vendor.append(vendor_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "category": category,
                "classification": classification,
                "vendor": vendor,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.facet_value_dto import FacetValueDTO  # noqa: PLC0415
        from ..models.vendor_facet_dto import VendorFacetDTO  # noqa: PLC0415

        d = dict(src_dict)
        category = []
        _category = d.pop("category")
        for category_item_data in _category:
            category_item = FacetValueDTO.from_dict(category_item_data)

            category.append(category_item)

        classification = []
        _classification = d.pop("classification")
        for classification_item_data in _classification:
            classification_item = FacetValueDTO.from_dict(classification_item_data)

            classification.append(classification_item)

        vendor = []
        _vendor = d.pop("vendor")
        for vendor_item_data in _vendor:
            vendor_item = VendorFacetDTO.from_dict(vendor_item_data)

            vendor.append(vendor_item)

        facets_dto = cls(
            category=category,
            classification=classification,
            vendor=vendor,
        )

        facets_dto.additional_properties = d
        return facets_dto

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
